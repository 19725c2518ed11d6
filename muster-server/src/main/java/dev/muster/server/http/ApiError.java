package dev.muster.server.http;

/** A request the API refuses: its HTTP status, a short error code and a message for people. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String error;

    public ApiError(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "a valid API token (Authorization: Bearer ...) or a login is needed");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message);
    }
}
