package io.confab.dataapi.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler its {@link Caller} from the request's bearer token, or answers 401 with why the
 * token was refused. Every refusal is counted by reason.
 */
public final class CallerResolver implements HandlerMethodArgumentResolver {

    private final TokenVerifier verifier;
    private final Map<TokenVerifier.Reason, Counter> refused = new EnumMap<>(TokenVerifier.Reason.class);

    public CallerResolver(TokenVerifier verifier, MeterRegistry meters) {
        this.verifier = verifier;
        for (TokenVerifier.Reason reason : TokenVerifier.Reason.values()) {
            refused.put(reason, Counter.builder("confab.data.api.tokens.refused")
                    .description("Requests refused with 401 because their bearer token was missing, malformed, forged or expired")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters));
        }
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        try {
            return verifier.verifyHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
        } catch (TokenVerifier.Refused e) {
            refused.get(e.reason()).increment();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
            problem.setTitle("Unauthorized");
            problem.setProperty("error", "UNAUTHORIZED");
            ErrorResponseException answer = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
            answer.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw answer;
        }
    }
}
