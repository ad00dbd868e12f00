/**
 * Implementation of the embedded broker: server properties, storage formatting, ports and data
 * directories. Not a public API; it may change at any time.
 */
package org.leggio.broker.internal;
