package io.confab.dataapi.web;

import com.datastax.oss.driver.api.core.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Problem details for what the handlers do not answer themselves: an id that cannot be part of an
 * S3 key (400, with storage's reason), and Cassandra or S3 being unreachable (503, logged once per
 * request with the cause).
 */
@RestControllerAdvice
public class ErrorAnswers extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return answer(Problems.invalid(e.getMessage()));
    }

    @ExceptionHandler({DriverException.class, SdkException.class})
    public ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException e) {
        LOG.warn("a store did not answer: {}", e.toString());
        String store = e instanceof DriverException ? "Cassandra" : "S3";
        return answer(Problems.unavailable(store + " did not answer (" + e.getClass().getSimpleName() + "); try again shortly"));
    }

    private static ResponseEntity<ProblemDetail> answer(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).body(e.getBody());
    }
}
