"""Real servers and real faults on this computer (dovecot, aiosmtpd, a full disk, a kill), for
the tests and the benchmarks alike: scripts import these, never the tests."""
