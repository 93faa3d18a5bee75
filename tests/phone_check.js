() => {
  // What a phone user calls broken: the page scrolls sideways, a box scrolls sideways inside it, or a table
  // cell is so narrow that its text stands one character a line (as many lines as it has characters).
  const main = document.querySelector("main") || document.body;
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const squeezed = [];
  main.querySelectorAll("td, th").forEach((cell) => {
    const text = cell.innerText.replace(/\s/g, "");
    const head = cell.closest("thead");
    if (text.length < 2 || !visible(cell) || (head && head.getBoundingClientRect().width <= 1)) return;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set();
    for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    if (tops.size >= text.length) squeezed.push(text.slice(0, 20));
  });
  const scrollBoxes = [];
  main.querySelectorAll("*").forEach((el) => {
    const style = getComputedStyle(el);
    if ((style.overflowX === "auto" || style.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1 && visible(el))
      scrollBoxes.push((el.getAttribute("data-testid") || el.className || el.tagName).slice(0, 40));
  });
  return { pageWidth: document.documentElement.scrollWidth, squeezed, scrollBoxes };
}
