package io.confab.dataapi.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Error answers as RFC 9457 problem details, with a {@code detail} that says what was wrong and an
 * {@code error} code in the meeting service's style (NOT_FOUND, FORBIDDEN, INVALID...).
 */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", detail);
    }

    public static ErrorResponseException forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, "FORBIDDEN", detail);
    }

    public static ErrorResponseException invalid(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID", detail);
    }

    public static ErrorResponseException unavailable(String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", detail);
    }

    /** A problem with its own error code, e.g. {@code SQL} or {@code REFUSED} for the query endpoint. */
    public static ErrorResponseException problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("error", code);
        return new ErrorResponseException(status, problem, null);
    }
}
