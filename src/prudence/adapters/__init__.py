"""The edges of Prudence: files, documents and, later, the database, mail and queues."""
