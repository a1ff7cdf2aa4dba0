"""Help requests: a need during an incident, the volunteers invited to fill it, their
answers (actions), the coordinator's pages (views), answer links and invitations."""
