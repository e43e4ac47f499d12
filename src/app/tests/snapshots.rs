//! Snapshots of every view at 80×24 and 120×40, and every view drawn at
//! tiny sizes without panicking.
