/**
 * File distribution: compare a local tree with each host's copy, transfer only what differs,
 * replace files atomically, render Pebble templates per host, validate before replacing, and run
 * change handlers. Depends only on muster-core: files reach hosts through a core Connection.
 */
package dev.muster.files;
