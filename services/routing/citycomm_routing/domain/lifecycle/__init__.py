"""An inquiry's legal lifecycle, as routing decides it: a command and the inquiry's state in, the
new state and the events to publish out.

Where things are: `state` (the stored state, citycomm.v1.InquiryState, and how it changes),
`decide` (which command does what, who may give it), `guards` (the checks that reject a command),
`assignment`, `transitions`, `coordination` (the steps), `deadline` (an inquiry's deadline: set,
extended, restarted), `replay` (what a recent command published, re-sent when it comes again).
The deadline rules themselves are data: `domain/deadline_policies.py`.
"""
