package io.confab.core.http;

/** Answers one route. Runs on a worker thread, never on the event loop, so it may block (JDBC). */
@FunctionalInterface
public interface Handler {

    Response handle(Request request) throws ApiException;
}
