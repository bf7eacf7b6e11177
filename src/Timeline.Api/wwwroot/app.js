// Timeline's web page: each page is a module of its own under js/, chosen by <body data-page> and loaded
// here, the one script every page names (no build step: the browser loads the modules as they are).

import { showError } from './js/dom.js';
import { indicate } from './js/live.js';

const pages = {
  index: () => import('./js/index.js'),
  saga: () => import('./js/saga.js'),
  reporters: () => import('./js/reporters.js'),
  desk: () => import('./js/desk.js'),
  inbox: () => import('./js/inbox.js'),
};

const page = pages[document.body.dataset.page];
if (page) {
  page().then((module) => module.start()).catch((error) => {
    showError(`Something went wrong: ${error.message}`);
    indicate('offline', 'Offline');
    document.body.dataset.ready = 'true';
  });
}
