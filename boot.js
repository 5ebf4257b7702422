// Loads the page's app: the glue its script tag names (popup.js or workbench.js). A file of its
// own because extension pages forbid inline scripts.
const glue = document.querySelector('script[data-glue]').dataset.glue;
const { default: init } = await import(glue);

await init();
