"""A meeting of a process: the room where a declaration is read paragraph by paragraph."""
