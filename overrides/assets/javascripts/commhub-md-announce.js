// Material for MkDocs 9.7.6's inline announce script (partials/javascripts/announce.html), moved to a file so
// that pages need no inline script (Content-Security-Policy: script-src 'self').
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)};
