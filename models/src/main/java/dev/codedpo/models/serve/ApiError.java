package dev.codedpo.models.serve;

/**
 * A request the server refuses, answered with OpenAI's error object
 * {@code {"error": {"message", "type", "param", "code"}}} and an HTTP status.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String type;
    final String param;
    final String code;

    ApiError(int status, String message, String type, String param, String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400: the request cannot be served as it is; {@code param} names the field at fault (or null). */
    static ApiError badRequest(String message, String param) {
        return new ApiError(400, message, "invalid_request_error", param, null);
    }

    static ApiError contextLength(String message, String param) {
        return new ApiError(400, message, "invalid_request_error", param, "context_length_exceeded");
    }

    static ApiError unauthorized() {
        return new ApiError(401, "Incorrect API key provided: give it as 'Authorization: Bearer KEY'.",
                "invalid_request_error", null, "invalid_api_key");
    }

    static ApiError notFound(String message, String code) {
        return new ApiError(404, message, "invalid_request_error", null, code);
    }
}
