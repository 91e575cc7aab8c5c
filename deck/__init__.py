"""The library's top: card files and where their cards go, assembling a deck, the order of
new cards, the Anki package and its templates, writing into a collection, the preview
page and every output file (docs/design.md, "Shape")."""
