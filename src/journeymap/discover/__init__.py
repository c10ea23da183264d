"""Journeys from records: an event log's activities, directly-follows pairs and their times, for a map."""
