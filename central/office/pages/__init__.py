"""The office's web pages, one module per page or family of pages; each holds an APIRouter under
/office that central/office/__init__.py includes, and renders the templates of the same name
(central/office/templates/)."""
