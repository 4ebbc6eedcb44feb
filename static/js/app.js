// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // A form came back with errors: move focus to its summary so screen readers read it and keyboard users start there.
  // Otherwise, after an action, move it to what happened ("11 indsatser er gemt."), not to the top of the page.
  // A link to a place on a page (#action-12, from a dashboard or back after a save) puts the focus there, so the
  // next Tab continues from it; the message of what happened is moved beside it, where the person is looking.
  const errors = document.querySelector(".error-summary");
  const messages = document.querySelector(".messages");
  const target = !errors && window.location.hash.length > 1
    ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
  if (target) {
    if (messages) {
      (target.tagName === "TR" ? target.cells[0] : target).append(messages);
      messages.removeAttribute("tabindex");
    }
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    // The browser scrolls to the fragment itself; focus without a second, competing scroll.
    target.focus({ preventScroll: true });
  } else if (errors || messages) {
    (errors || messages).focus();
  }
  // A link in the summary jumps to its field and puts the focus in it (a fragment link alone only scrolls).
  document.querySelectorAll(".error-summary a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  });
});

// A table too wide for the screen scrolls sideways in its region (.table-scroll); only then does the region join the
// tab order, so keyboard users can scroll it without meeting a needless tab stop on wide screens.
function markScrollableRegions() {
  document.querySelectorAll(".table-scroll").forEach((region) => {
    if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
    else region.removeAttribute("tabindex");
  });
}
document.addEventListener("DOMContentLoaded", markScrollableRegions);
window.addEventListener("resize", markScrollableRegions);

// The round's page is a long read on a phone: there its parts marked data-fold-on-phone start folded, so that the
// contents and the initiatives' headings and smileys come first (the server renders every part open: without this
// script the page reads whole). Printing unfolds everything.
document.addEventListener("DOMContentLoaded", () => {
  if (window.matchMedia("(max-width: 767.98px)").matches) {
    // A link to a part (#initiative-12) keeps that part open.
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    document.querySelectorAll("details[data-fold-on-phone]").forEach((fold) => {
      if (!(target && fold.contains(target))) fold.open = false;
    });
  }
});
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details").forEach((fold) => { fold.open = true; });
});
