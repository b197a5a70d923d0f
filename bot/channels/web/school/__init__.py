"""The school's pages: mentors, coordinators and the administrator, in the browser, served by
the same process as the web chat (under /school)."""
