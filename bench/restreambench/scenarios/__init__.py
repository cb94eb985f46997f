"""One module per scenario; each function measures one run and returns
its CSV row (or rows), stopping everything it started."""
