import rules

# Every logged-in person has their own notices and choices; the querysets keep them to their own.
rules.add_perm("notifications.use_notifications", rules.is_authenticated)
