"""The course content pipeline, lesson side: reading the authored YAML, splitting the source texts into
anchored paragraphs, checking the lesson parts of a topic, and turning them into fixture records.

The assessments app builds on this (assessments/content/) for question banks, quizzes and rubrics.
"""
