// Starts Swagger UI on the API docs page with the OpenAPI document named on its element.
(function () {
  var element = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: element.dataset.specUrl, domNode: element, deepLinking: true });
})();
