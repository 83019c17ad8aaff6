"""HR's management reports: functions, progress per department, conversations per manager,
competency development; each page with its CSV and XLSX export."""
