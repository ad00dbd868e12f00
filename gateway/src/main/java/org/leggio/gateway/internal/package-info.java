/** Internals of the gateway: pipeline handlers, the sessions' event hub, the piece catalog, access checks. */
package org.leggio.gateway.internal;
