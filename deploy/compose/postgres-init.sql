-- One database per subgraph (the worker's read model lives in tickets); Temporal's auto-setup creates its own.
CREATE DATABASE identity;
CREATE DATABASE catalog;
CREATE DATABASE contracts;
CREATE DATABASE tickets;
CREATE DATABASE notifications;
