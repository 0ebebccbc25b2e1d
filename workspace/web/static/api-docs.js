// The API documentation: Redoc, served from Accord itself (no CDN), reading the OpenAPI document.
const container = document.getElementById("redoc-container");
Redoc.init(container.dataset.spec, { hideDownloadButton: false }, container);
