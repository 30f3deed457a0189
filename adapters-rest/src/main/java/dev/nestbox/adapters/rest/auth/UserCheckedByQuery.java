package dev.nestbox.adapters.rest.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method whose use case reads the user together with what it answers, in one query, and refuses a
 * user who no longer exists itself: its bearer token is checked (signature, issuer, expiry) without a lookup of
 * the user, which would be a second query per request. Every other {@code @Auth} method has the user looked up.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UserCheckedByQuery {
}
