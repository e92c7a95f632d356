"""Knowledge base: gazetteer, facilities, actors, outlets and lexicons as reviewed data files."""
