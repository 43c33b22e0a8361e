"""`make load`: locust against a throw-away server, with the database reconciled afterwards."""
