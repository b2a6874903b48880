"""Paper: letters, agreements and reports built with ReportLab from plain parameters."""
