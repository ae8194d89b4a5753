"""Letter-writing events without a spreadsheet: `ua serve`, a local web page
where attendees write their own letter and volunteers print the queue."""
