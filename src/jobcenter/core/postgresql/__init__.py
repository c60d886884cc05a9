"""Django's PostgreSQL backend with a connection health check that needs no round trip
(``base.DatabaseWrapper.is_usable``). Settings select it as the ENGINE for every
``postgres://`` DATABASE_URL."""
