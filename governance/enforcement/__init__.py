"""Joint enforcement: services, selectors, forms and filters for cases and summoned departments."""
