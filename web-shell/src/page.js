// page.js: the frame of the survey's own pages (standalone and kiosk): its language, title
// and heading follow the survey's, from the first page and after each language switch.
import { words } from './i18n.js';

/** @param {'survey'|'kiosk'} kind  @returns {function(string)} the onLanguage of mountSurvey */
export function pageFollows(kind) {
  return (language) => {
    const w = words(language);
    document.documentElement.lang = w.code;
    document.title = w.pages[kind].title;
    document.querySelector('h1').textContent = w.pages[kind].heading;
  };
}
