// A publication whose files a worker is making: the page asks for itself again every two seconds and
// puts in the progress it reads (and the downloads, once every file is made).
if (document.querySelector("[data-rendering]")) {
  const refresh = async () => {
    const answer = await fetch(location.href, {headers: {Accept: "text/html"}});
    if (!answer.ok) return setTimeout(refresh, 5000);
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    for (const section of document.querySelectorAll("main section[aria-labelledby]")) {
      const now = fresh.querySelector(`section[aria-labelledby="${section.getAttribute("aria-labelledby")}"]`);
      if (now && now.innerHTML !== section.innerHTML) section.innerHTML = now.innerHTML;
    }
    if (fresh.querySelector("[data-rendering]")) setTimeout(refresh, 2000);
  };
  setTimeout(refresh, 2000);
}
