"""Importing a spreadsheet, the one way: upload, preview, confirm, apply all or nothing.

An app gives two functions and a row model, which names its importer by a dotted path (`importer`), as a
RenderedPDF names its HTML builder, so that models do not import the module that imports them; everything else is
here:
- `read(content, progress)` reads the file and returns a `Plan`: what the import would change, cell by cell, and every
  problem with its cell. It changes nothing.
- `apply(plan=, record=, user=, progress=)` makes the plan's changes through the app's services, inside the
  transaction this module opens; it raises StaleEdit when the data moved since the plan was read.
- the row model subclasses `ImportFile` (the stored upload, its state and the preview it showed).

The steps: the upload (a POST) stores the file and reads it into a preview stored on the row; the preview page (a
GET) only shows that stored preview and writes nothing; asking for a fresh preview is a POST. Confirming (a POST)
reads the file again inside one transaction and applies it only if the plan's fingerprint (its changes and the
versions of the data they were computed from) is the one the person saw, and only if they confirmed the warning
when a change touches published data. Files larger than settings.IMPORT_BACKGROUND_BYTES are read by a Celery
task, and plans with more than the importer's `background_after` saves are applied by one; the page shows their
progress. Nothing a browser sends back can change what is imported: the file is read again on confirmation.

The package: models.py (the abstract ImportFile row), plans.py (Plan, Change, CellChange, Importer), reading.py (an
.xlsx or CSV read into rows of named columns with every problem at its cell, within the limits), workflow.py (the
steps as services), progress.py (a worker's progress for the page), tasks.py (import_run), views.py (the pages and
`import_urls`).

Adding an importer: README.md, "Spreadsheets and data out", shows it in a dozen lines; a second importer in
an app's URL namespace sets `Importer.name`.
"""
