"""The content line of an installation: which content is in use (the shipped files or a verified
content pack), the digest that proves the database still holds it, signed packs and trusted keys,
policy search, and carrying open cases forward to new content.  Qt-free; uses store and core."""
