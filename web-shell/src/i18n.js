// i18n.js: the renderer's own words (buttons, status, errors of the transport), nl at B1
// level and en. Question texts and answer errors come from the engine's page view.
const WORDS = {
  nl: {
    next: 'Volgende', back: 'Vorige', submit: 'Versturen', language: 'English', languageCode: 'en',
    progress: (n, total) => `Vraag ${n} van ${total}`,
    required: 'verplicht', optional: 'niet verplicht', na: 'n.v.t.', naLong: 'Niet van toepassing',
    chars: (n, max) => `${n} van ${max} tekens gebruikt`,
    errorsTitle: (n) => (n === 1 ? 'Er is 1 vraag nog niet goed beantwoord:' : `Er zijn ${n} vragen nog niet goed beantwoord:`),
    thanksTitle: 'Bedankt voor uw antwoorden!',
    thanksSent: 'Uw antwoorden zijn verstuurd.',
    thanksQueued: 'Uw antwoorden zijn bewaard op dit apparaat. Ze worden verstuurd zodra er weer internet is.',
    thanksDirect: 'Uw antwoorden konden niet op dit apparaat worden bewaard. Laat deze pagina open tot ze verstuurd zijn.',
    thanksWaiting: 'Er is nu geen verbinding. Laat deze pagina open: we versturen uw antwoorden zodra dat weer kan.',
    thanksRefused: 'Uw antwoorden konden helaas niet worden verwerkt.',
    used: 'Deze enquête is al ingevuld met deze link. Bedankt voor uw moeite!',
    expired: 'Deze uitnodiging is verlopen. Uw antwoorden zijn daarom niet verwerkt.',
    loading: 'De enquête wordt geladen…',
    noWasm: 'Deze enquête werkt niet in deze omgeving.',
    noWasmLink: 'Open de enquête op een aparte pagina',
    loadFailed: 'De enquête kon niet worden geladen. Probeer het later nog eens.',
    again: 'Nieuwe enquête starten',
    idleTitle: 'Bent u er nog?',
    idleText: (s) => `Zonder reactie beginnen we over ${s} seconden opnieuw. Uw antwoorden worden dan gewist.`,
    idleContinue: 'Ik ben er nog',
  },
  en: {
    next: 'Next', back: 'Previous', submit: 'Send', language: 'Nederlands', languageCode: 'nl',
    progress: (n, total) => `Question ${n} of ${total}`,
    required: 'required', optional: 'optional', na: 'n/a', naLong: 'Not applicable',
    chars: (n, max) => `${n} of ${max} characters used`,
    errorsTitle: (n) => (n === 1 ? '1 question still needs an answer:' : `${n} questions still need an answer:`),
    thanksTitle: 'Thank you for your answers!',
    thanksSent: 'Your answers have been sent.',
    thanksQueued: 'Your answers are saved on this device. They will be sent as soon as you are online again.',
    thanksDirect: 'Your answers could not be saved on this device. Please keep this page open until they have been sent.',
    thanksWaiting: 'There is no connection right now. Please keep this page open: we will send your answers as soon as we can.',
    thanksRefused: 'Unfortunately, your answers could not be processed.',
    used: 'This survey link has already been used. Thank you!',
    expired: 'This invitation has expired, so your answers were not processed.',
    loading: 'Loading the survey…',
    noWasm: 'This survey cannot run here.',
    noWasmLink: 'Open the survey on a page of its own',
    loadFailed: 'The survey could not be loaded. Please try again later.',
    again: 'Start a new survey',
    idleTitle: 'Are you still there?',
    idleText: (s) => `Without a response we will start again in ${s} seconds. Your answers will then be erased.`,
    idleContinue: 'I am still here',
  },
};

export function words(language) {
  return WORDS[language] || WORDS.nl;
}
