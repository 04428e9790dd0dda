package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void onlyOwnersAndHostsScheduleMeetings() {
        assertEquals(EnumSet.of(Role.ACCOUNT_OWNER, Role.HOST), rolesWhere(Role::maySchedule));
    }

    @Test
    void onlyTheOwnerManagesTheAccount() {
        assertEquals(EnumSet.of(Role.ACCOUNT_OWNER), rolesWhere(Role::managesAccount));
    }

    private static Set<Role> rolesWhere(java.util.function.Predicate<Role> test) {
        return Stream.of(Role.values()).filter(test).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
