package io.confab.core.meetingservice;

import io.confab.core.accounts.AccessToken;
import io.confab.core.accounts.AccountStore;
import io.confab.core.accounts.Email;
import io.confab.core.accounts.IssuedToken;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.RevokedTokens;
import io.confab.core.accounts.Role;
import io.confab.core.accounts.SignUp;
import io.confab.core.accounts.TokenIssuer;
import io.confab.core.accounts.User;
import io.confab.core.accounts.Validated;
import io.confab.core.events.EventSink;
import io.confab.core.guard.GuessKey;
import io.confab.core.http.ApiException;
import io.confab.core.http.Request;
import io.confab.core.http.Response;
import io.confab.core.http.Router;
import io.confab.core.meetings.Meeting;
import io.confab.core.meetings.MeetingId;
import io.confab.core.meetings.MeetingStore;
import io.confab.storage.events.AuditOutcome;

import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** {@code /api/auth/*} and {@code /api/me}: sign up, sign in, who am I. */
public final class AuthRoutes {

    record SignUpBody(String email, String password, String displayName, String accountName) {
    }

    record SignInBody(String email, String password) {
    }

    record Session(String token, User user) {
    }

    record NewUserBody(String email, String password, String displayName, String role) {
    }

    record UserList(java.util.List<User> users) {
    }

    /**
     * What every well-formed sign-up gets, whether the email was free or already had an account: the
     * answer must not tell anyone which emails exist. Whoever signed up then signs in.
     */
    record SignUpAccepted(String status, String message, String signIn) {
    }

    static final SignUpAccepted SIGN_UP_ACCEPTED = new SignUpAccepted("accepted",
            "if this email could be registered, the account exists now: sign in with this email and password."
                    + " If the email already had an account, sign in with that account's password.",
            "/api/auth/signin");

    private static final String WRONG_CREDENTIALS = "wrong email or password";

    private final AccountStore accounts;
    private final MeetingStore meetings;
    private final PasswordHash hasher;
    private final TokenIssuer tokens;
    private final Authentication authentication;
    private final Audit audit;
    private final RandomGenerator random;
    private final Clock clock;
    private final EventSink events;
    private final GuessGate guesses;
    private final RevokedTokens revoked;

    public AuthRoutes(AccountStore accounts, MeetingStore meetings, PasswordHash hasher, TokenIssuer tokens,
                      Authentication authentication, RevokedTokens revoked, Audit audit, EventSink events,
                      GuessGate guesses, RandomGenerator random, Clock clock) {
        this.revoked = revoked;
        this.events = events;
        this.guesses = guesses;
        this.accounts = accounts;
        this.meetings = meetings;
        this.hasher = hasher;
        this.tokens = tokens;
        this.authentication = authentication;
        this.audit = audit;
        this.random = random;
        this.clock = clock;
    }

    public void register(Router router) {
        router.post("/api/auth/signup", this::signUp)
                .post("/api/auth/signin", this::signIn)
                .post("/api/auth/signout", this::signOut)
                .get("/api/me", this::me)
                .post("/api/account/users", this::addUser)
                .get("/api/account/users", this::listUsers);
    }

    /**
     * Creates the account when the email is free; answers the same (202) and does the same Argon2 work
     * when it is taken, auditing the attempt, so sign-up does not tell which emails exist.
     */
    private Response signUp(Request request) throws ApiException {
        SignUpBody body = request.json(SignUpBody.class);
        char[] password = body.password() == null ? null : body.password().toCharArray();
        SignUp signUp = Problems.accept(SignUp.validate(body.email(), body.displayName(), password));
        String accountName = body.accountName() == null || body.accountName().isBlank()
                ? signUp.displayName().value() : body.accountName().strip();
        try {
            String hash = guesses.argon2(() -> hasher.hash(password));
            User user = accounts.createAccountWithOwner(accountName, signUp.email(), signUp.displayName(), hash,
                    () -> MeetingId.personal(random).digits());
            openPersonalRoom(user, user.id());
        } catch (AccountStore.EmailTaken e) {
            audit.record(null, "anonymous", "auth.sign_up", "email:" + signUp.email().address(), AuditOutcome.FAILED,
                    "email already registered", request.remoteAddress());
        } catch (SQLException e) {
            throw new IllegalStateException("sign-up failed in the database", e);
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
        return Response.json(202, SIGN_UP_ACCEPTED);
    }

    private Response signIn(Request request) throws ApiException {
        SignInBody body = request.json(SignInBody.class);
        char[] password = body.password() == null ? new char[0] : body.password().toCharArray();
        // Counted per address and per email as typed, known or not, so the throttle does not tell either.
        List<GuessKey> keys = GuessKey.password(request.remoteAddress(), body.email());
        try {
            guesses.admit(keys);
            Validated<Email> email = Email.parse(body.email());
            Optional<AccountStore.Credentials> found = email.isAccepted()
                    ? accounts.findByEmail(email.orElseThrow()) : Optional.empty();
            if (found.isEmpty()) {
                // Same work as for a known user: the answer time must not reveal which emails exist.
                guesses.argon2(() -> {
                    hasher.verifyUnknownUser(password);
                    return null;
                });
                audit.record(null, "anonymous", "auth.sign_in", "email:" + body.email(), AuditOutcome.FAILED,
                        "no such user", request.remoteAddress());
                guesses.wrong(keys, null, "anonymous", "auth.sign_in", request.remoteAddress());
                throw ApiException.unauthorized(WRONG_CREDENTIALS);
            }
            User user = found.get().user();
            if (!guesses.argon2(() -> hasher.verify(password, found.get().passwordHash()))) {
                audit.record(user.accountId(), user.id(), "auth.sign_in", "user:" + user.id(), AuditOutcome.FAILED,
                        "wrong password", request.remoteAddress());
                guesses.wrong(keys, user.accountId(), "anonymous", "auth.sign_in", request.remoteAddress());
                throw ApiException.unauthorized(WRONG_CREDENTIALS);
            }
            guesses.right(keys);
            IssuedToken token = tokens.issueForUser(user.id(), user.accountId(), user.role());
            return Response.ok(new Session(token.bearer(), user));
        } catch (SQLException e) {
            throw new IllegalStateException("sign-in failed in the database", e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Revokes the caller's token until its expiry: a copy of it left anywhere stops working. */
    private Response signOut(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        try {
            revoked.revoke(token);
        } catch (SQLException e) {
            throw new IllegalStateException("sign-out failed in the database", e);
        }
        audit.record(token.accountId(), token.subject(), "auth.sign_out", "token:" + token.tokenId(), AuditOutcome.SUCCESS,
                null, request.remoteAddress());
        return Response.noContent();
    }

    /** The account owner adds a host or participant to the account (with an initial password). */
    private Response addUser(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        if (!token.role().managesAccount()) {
            audit.record(token.accountId(), token.subject(), "account.add_user", "account:" + token.accountId(),
                    AuditOutcome.DENIED, "not the account owner", request.remoteAddress());
            throw ApiException.forbidden("only the account owner may add users");
        }
        NewUserBody body = request.json(NewUserBody.class);
        Role role;
        try {
            role = Role.valueOf(body.role() == null ? "" : body.role().strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            role = null;
        }
        if (role != Role.HOST && role != Role.PARTICIPANT) {
            throw ApiException.invalid(java.util.List.of("role: must be HOST or PARTICIPANT, was " + body.role()));
        }
        char[] password = body.password() == null ? null : body.password().toCharArray();
        SignUp valid = Problems.accept(SignUp.validate(body.email(), body.displayName(), password));
        try {
            User user = accounts.addUser(token.accountId(), valid.email(), valid.displayName(), hasher.hash(password), role,
                    () -> MeetingId.personal(random).digits());
            openPersonalRoom(user, token.subject());
            audit.record(token.accountId(), token.subject(), "account.add_user", "user:" + user.id(),
                    AuditOutcome.SUCCESS, "role " + role, request.remoteAddress());
            return Response.created(user, "/api/account/users/" + user.id());
        } catch (AccountStore.EmailTaken e) {
            throw ApiException.conflict(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("adding a user failed in the database", e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** A user's personal meeting room exists from the start, so their personal ID works at once. */
    private void openPersonalRoom(User user, String actorUserId) throws SQLException {
        Meeting room = Meeting.personalRoom(new MeetingId(user.personalMeetingId()), user.accountId(), user.id(),
                user.displayName() + "'s personal meeting room", ZoneOffset.UTC, clock.instant());
        // The row and its MeetingCreated commit together. The personal id was reserved with the user.
        events.storeWithEvent(MeetingRoutes.created(room, actorUserId, clock.instant()), connection -> {
            if (!meetings.insert(connection, room)) {
                throw new SQLException("personal meeting id " + room.id().digits() + " is taken");
            }
        });
    }

    private Response listUsers(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        if (!token.role().managesAccount()) {
            throw ApiException.forbidden("only the account owner may list the account's users");
        }
        try {
            return Response.ok(new UserList(accounts.usersOf(token.accountId())));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response me(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        if (token.isGuest()) {
            throw ApiException.forbidden("a guest token has no user; sign in");
        }
        try {
            return Response.ok(accounts.findById(token.subject())
                    .orElseThrow(() -> ApiException.unauthorized("the user of this token no longer exists")));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
