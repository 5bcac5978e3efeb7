// Loads the converted model like the embed loads its questionnaire: one fetch, then render.
fetch('/bench/kto-balie.surveyjs.json')
  .then((r) => r.json())
  .then((model) => new Survey.Model(model).render(document.getElementById('survey')));
