// Small progressive enhancements; every page works without them. Selects never submit on a keyboard's change:
// a keyboard user moving through the options with the arrow keys would leave the page at each one (the header's
// language, at the end, sends a choice made with the pointer or in the opened list).
//
// One module per concern, loaded as ES modules straight from /static (no build step); each finds its page's parts
// and does nothing where they are not. The page is marked `data-enhanced` once every module has run: a module that
// fails leaves it unmarked (tests/e2e/test_page_script.py).
import "./confirm.js";
import "./quote.js";
import "./live.js";
import "./presence.js";
import "./notices.js";
import "./translation_notices.js";
import "./translation_keys.js";
import "./paged.js";
import "./public_language.js";
import "./publication_progress.js";
import "./select_all.js";
import "./workbench.js";
import "./in_text.js";
import "./marks.js";
import "./projector.js";
import "./draft_edit.js";
import "./row_filters.js";
import "./header_language.js";
import "./copy.js";
import "./editions.js";
import "./meeting.js";
import "./find_elsewhere.js";

document.documentElement.dataset.enhanced = "";
