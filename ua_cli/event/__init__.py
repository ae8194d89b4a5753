"""Letter-writing events without a spreadsheet: `ua serve`, a local web page
where attendees write their own letter and volunteers print the queue.
app.py answers each request (the routes), security.py checks what requests
bring, server.py is the HTTP server, queue.py the print queue."""
