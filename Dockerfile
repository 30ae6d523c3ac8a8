# One image for both processes; docker-compose picks the command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
COPY cms ./cms
COPY frontend ./frontend
COPY shared ./shared
RUN pip install --no-cache-dir .
EXPOSE 8000 5000
