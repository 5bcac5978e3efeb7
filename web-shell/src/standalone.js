// standalone.js: the full-page survey (/s/{questionnaire}?m=0363&t=TOKEN&lang=en), the same
// renderer as the embed, for invitation links, cards and sites that cannot embed.
import { mountSurvey } from './mount.js';
import { pageFollows } from './page.js';

const params = new URLSearchParams(location.search);
const questionnaire = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
const token = params.get('t');
mountSurvey(document.getElementById('survey'), {
  base: new URL('/', location.href).href,
  endpoint: location.origin,
  questionnaire,
  municipality: params.get('m') || '',
  language: params.get('lang') || 'nl',
  source: token ? 'inviter' : (params.get('source') || 'link'),
  invitation: token,
  standalone: true,
  onLanguage: pageFollows('survey'),
});
