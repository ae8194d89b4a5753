"""Letter-writing events without a spreadsheet: `ua serve`, a local web page
where attendees write their own letter and volunteers print the queue.
app.py answers each request (the routes and the attendees' page), volunteers.py
the volunteers' pages, room.py the poster, tonight's count and the totals,
pieces.py what pages are made of, security.py checks what requests bring,
server.py is the HTTP server, network.py the room's addresses and QR codes,
queue.py the print queue."""
