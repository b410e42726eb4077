"""The scale-out test: petitiondesk on several hosts made of network namespaces.

`scripts/scaleout-test` (as root) builds, on this machine, a PostgreSQL host, two web
hosts (gunicorn, 2 workers each), two scheduler hosts and an SMTP catcher, each in its
own network namespace on one bridge; drives a bounded load through the REST API while
the active scheduler is SIGKILLed and a web host dies; then checks that nothing
acknowledged was lost, no mail was lost or doubled, numbers have no gaps, the standby
took over within its poll window, every audit chain verifies, and a pg_dump/pg_restore
copy verifies too. See docs/deploy.md.
"""
