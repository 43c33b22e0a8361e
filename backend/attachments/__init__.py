"""附件: files on demands, solutions, proposals and applications, seen by whoever sees the parent."""
