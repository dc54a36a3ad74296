// Material for MkDocs 9.7.6's inline content script (partials/javascripts/content.html), moved to a
// file so that pages need no inline script: it opens the content tab named in the URL's fragment.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
