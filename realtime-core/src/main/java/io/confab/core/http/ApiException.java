package io.confab.core.http;

import java.util.List;

/**
 * A request the API refuses, with the HTTP status, a stable machine-readable code and a message
 * for people that names what was wrong. Sent as {@code {"error": code, "message": ..., "problems": [...]}}.
 */
public final class ApiException extends Exception {

    private final int status;
    private final String code;
    private final List<String> problems;
    private final java.util.Map<String, String> headers;

    public ApiException(int status, String code, String message, List<String> problems) {
        this(status, code, message, problems, java.util.Map.of());
    }

    /** @param headers sent with the error answer, such as {@code Retry-After} */
    public ApiException(int status, String code, String message, List<String> problems, java.util.Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
        this.headers = java.util.Map.copyOf(headers);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    public static ApiException invalid(List<String> problems) {
        return new ApiException(400, "INVALID", String.join("; ", problems), problems);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "CONFLICT", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> problems() {
        return problems;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
